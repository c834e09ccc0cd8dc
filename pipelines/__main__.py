"""`python -m pipelines` is the `aes` command."""

from pipelines.cli import main

main()
