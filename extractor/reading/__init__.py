"""Reading: a file's pages to their words (DocumentText), whatever the file is."""
