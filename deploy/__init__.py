"""Deployment: the proxy configuration template and `make cluster` (deploy/cluster.py)."""
