"""The HTTP routers: each does HTTP only and calls the service layer."""
