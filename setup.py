"""Package discovery, which pyproject.toml cannot combine with a mapped folder.

Every package under reflect/ is found, so a new folder is in the wheel without a list
to keep; the top-level templates/ folder ships inside the package as reflect.templates,
so importlib.resources finds it in an editable install and in a wheel alike. Everything
else about the project is in pyproject.toml.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["reflect", "reflect.*"]), "reflect.templates"],
    package_dir={"reflect.templates": "templates"},
)
