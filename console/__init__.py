"""The staff console: server-rendered pages under /console/ on the same port as the WeChat webhook.

An entry point like bot/ and scheduler/: pages read forms, call the same service functions as the CLI and
WeChat (handlers/...), and render the result; no rule is written here.
"""
