"""check_claim: a page's sentence about a result warns when the result disagrees."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch

from toynn import ClaimWarning, check_claim


@pytest.mark.parametrize("holds", [True, np.bool_(True), torch.tensor(True),
                                   torch.tensor([True])])
def test_a_claim_that_holds_is_silent(holds):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert check_claim(holds, "it holds") is None


@pytest.mark.parametrize("holds", [False, np.bool_(False), torch.tensor(False)])
def test_a_claim_that_fails_warns_with_its_words(holds):
    message = r"^claim does not hold: width 2 should stall, got 0\.03$"
    with pytest.warns(ClaimWarning, match=message):
        check_claim(holds, "width 2 should stall, got 0.03")


def test_the_warning_points_at_the_caller():
    with pytest.warns(ClaimWarning) as caught:
        check_claim(False, "no")
    assert caught[0].filename == __file__


def test_a_build_can_turn_claims_into_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error", ClaimWarning)
        with pytest.raises(ClaimWarning, match="the left should fit better"):
            check_claim(1 > 2, "the left should fit better")


@pytest.mark.parametrize("holds", [1, 0.0, "yes", None, torch.tensor(1.0),
                                   torch.tensor([True, False])])
def test_a_claim_must_be_a_comparison(holds):
    with pytest.raises(TypeError, match="holds must be a bool"):
        check_claim(holds, "something")


@pytest.mark.parametrize("claim", ["", None, 3])
def test_a_claim_needs_words(claim):
    with pytest.raises(TypeError, match="claim must be a non-empty string"):
        check_claim(True, claim)
