"""The supervision models' prompt sets: models list, show, check."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reflect.commands.options import Json
from reflect.terminal import completion, listing, render

app = typer.Typer(help="The supervision models that guide reflection, and their prompt sets.",
                  no_args_is_help=True)


def _warn(problems: list[str]) -> None:
    for problem in problems:
        render.notice(f"warning: {problem}")


@app.command("list")
def list_models(as_json: Json = False) -> None:
    """List the prompt sets: built-in, and yours from the config folder.

    Example: reflect models list --json
    """
    from reflect.reflection.promptsets import load_catalog

    catalog = load_catalog()
    _warn(catalog.problems)
    rows = [{"id": s.id, "name": s.name, "prompts": len(s.prompts),
             "origin": catalog.origins[s.id], "overrides_built_in": s.id in catalog.overridden}
            for s in catalog.sets.values()]
    if as_json:
        render.print_json(rows)
    else:
        listing.models_table(rows)


@app.command()
def show(
    model_id: Annotated[str, typer.Argument(metavar="ID", autocompletion=completion.models,
        help="The model's id, e.g. heron.")],
    as_json: Json = False,
) -> None:
    """Show a model's prompts, readable.

    Example: reflect models show heron
    """
    from dataclasses import asdict

    from reflect.reflection.promptsets import load_catalog

    catalog = load_catalog()
    prompt_set = catalog.get(model_id)
    if as_json:
        render.print_json(asdict(prompt_set))
    else:
        render.prompt_set(prompt_set, catalog.origins[prompt_set.id])


@app.command()
def check(
    path: Annotated[Path, typer.Argument(metavar="FILE", help="A prompt set YAML file.")],
) -> None:
    """Validate a prompt set file, reporting every problem at once.

    Example: reflect models check ~/.config/reflect/prompts/gibbs.yaml
    """
    from reflect.reflection.promptsets import load_file
    from reflect.settings.errors import PromptSetError

    try:
        prompt_set = load_file(path)
    except PromptSetError as e:
        render.problems(e.subject, e.problems)
        raise typer.Exit(1) from None
    render.notice(f"{path}: {prompt_set.name} ({prompt_set.id}), {len(prompt_set.prompts)} "
                  "prompts: valid.")
