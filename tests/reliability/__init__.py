"""Reliability and security: fuzzing, fault injection, load, secrets and file hygiene."""
