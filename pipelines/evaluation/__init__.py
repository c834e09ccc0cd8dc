"""`aes evaluate` and `aes calibrate`: scores against a labelled set, reliability, fitted tables."""
