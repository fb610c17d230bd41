"""The security suite: probes against a real server on loopback."""
