# CLI messages
