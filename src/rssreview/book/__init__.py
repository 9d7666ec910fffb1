"""Building the publication: executing chapters, rendering the book, swapping the output in."""
