"""检查结果: the national result codes and the rules of the findings form (Telegram-free)."""
