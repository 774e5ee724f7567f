"""Reading the knowledge base."""
