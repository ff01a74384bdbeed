"""ipsgate: case management for an IPS employment service for people leaving prison."""
