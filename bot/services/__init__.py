"""Domain services: each public coroutine is one transaction; none knows about Telegram."""
