"""One module per instrument; `confide.instruments.registry` collects them."""
