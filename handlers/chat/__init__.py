"""The 公众号 conversation: routing a message, its intent, delivery bookkeeping, status queries."""
