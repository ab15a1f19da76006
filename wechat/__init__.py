"""The WeChat official-account API client (outbound), its errors, token caches and wiring; imported by
every entry point (service, scheduler, CLI, console)."""
