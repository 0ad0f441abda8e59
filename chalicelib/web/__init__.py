"""The HTTP edge: request validation, the contract's error shape, OpenAPI, request logging."""
