"""SpotCheck: the application (settings, composition root, services, texts, outbox)."""

__version__ = "0.1.0"
