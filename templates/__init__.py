"""Jinja2 templates for notes; shipped inside the package as `reflect.templates`."""
