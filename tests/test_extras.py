"""Optional parts (pyproject extras): a command that needs one that is missing says how to install it."""

import pytest

from models.errors import MissingDependency, require_extra


def test_a_missing_extra_is_a_missing_dependency_saying_how_to_install_it() -> None:
    with pytest.raises(MissingDependency) as raised:
        require_extra("fixtures", ("json", "aes_no_such_module"), "« aes fixtures »")
    assert raised.value.exit_code == 3
    assert raised.value.message.startswith("« aes fixtures » a besoin des paquets optionnels « fixtures »")
    assert "aes_no_such_module manquant" in raised.value.message and "pip install -e '.[fixtures]'" in raised.value.message


def test_an_installed_extra_passes() -> None:
    require_extra("cluster", ("json",), "« --scheduler »")
