"""The lawyers' directory and their services (社区律师, 点单; issue 12): the bureau's catalogue of
service items, what each lawyer publishes from it, and the public listing and profile."""
