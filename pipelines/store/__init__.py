"""What a batch keeps on disk: atomic writes, content hashes, the cache and its version keys."""
