"""Facts: a document's words to its type and its typed, dated facts; a pile cut into documents."""
