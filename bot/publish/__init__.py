"""Public notices (一公开) as files a portal can post: pure writers, no Telegram, no database."""

from bot.publish.notice import Notice, all_formats, csv_bytes, file_name, html_bytes, xlsx_bytes

__all__ = ["Notice", "all_formats", "csv_bytes", "file_name", "html_bytes", "xlsx_bytes"]
