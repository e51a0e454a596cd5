"""The double-random draw as pure, Telegram-free and database-free logic.

`sampling` ranks targets by consistent sampling (Rivest), `teams` forms inspector teams
deterministically from the same seed, `record` is the public record that anyone can verify.
"""
