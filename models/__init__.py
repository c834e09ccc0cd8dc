"""The nouns of aes: pydantic models that are the contracts between stages."""
