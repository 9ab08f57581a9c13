"""The program as a whole, over every domain: the dashboard, the demo partnership, the
health check, database information, copying a program and noticing outside changes."""
