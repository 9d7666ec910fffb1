"""What a notebook shows: prose generated from data, tables, charts."""
