"""Many documents and dossiers: discovery, the batch runner, the dossier builder, outputs, the CLI."""
