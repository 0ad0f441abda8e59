"""HTTP and scheduled entry points: one blueprint per audience; routes only translate HTTP ⇄ calls."""
