# paths messages (CLI help for its commands included)
