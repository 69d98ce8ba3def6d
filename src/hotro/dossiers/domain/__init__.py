"""The pure core: no Django imports here, so these rules are tested in milliseconds."""
