"""What people read: the dossier reports, the batch summary and manifest, page pictures."""
