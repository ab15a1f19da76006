"""Staff on WeChat: binding an account with a one-time code, and the text commands bound staff use."""
