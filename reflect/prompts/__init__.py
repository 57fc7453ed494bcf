"""The built-in prompt sets, one YAML file per supervision model (stem = model id)."""
