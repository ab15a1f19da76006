"""The outbox: sending queued WeChat messages, and staff looking into what failed."""
