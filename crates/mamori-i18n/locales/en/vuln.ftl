# vuln messages (CLI help for its commands included)
