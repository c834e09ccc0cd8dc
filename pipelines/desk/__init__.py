"""The intake desk's papers: the inventory of what was received and the request for missing pieces,
built from a dossier (and its manifest lines), shown as HTML, as text on a terminal, and printed."""
