"""The figures' shared geometry (`toynn._geometry`), which plots and interactive both use."""

import numpy as np
import pytest

from toynn._geometry import (
    box_edges,
    clip_line,
    cube_corners,
    nearest_corner,
    plane_in_box,
    view_showing,
)


def test_clip_line_runs_along_the_line_with_w_to_its_left():
    start, end = clip_line(np.array([0.0, 1.0]), -0.5, (0.0, 2.0, 0.0, 1.0))  # y = 0.5
    np.testing.assert_allclose([start, end], [[2.0, 0.5], [0.0, 0.5]])
    assert clip_line(np.array([0.0, 1.0]), -3.0, (0.0, 2.0, 0.0, 1.0)) is None  # misses
    assert clip_line(np.zeros(2), 1.0, (0.0, 1.0, 0.0, 1.0)) is None  # no line at all


def test_cube_corners_in_binary_order_first_axis_slowest():
    corners = cube_corners(-1.0, 1.0, 3)
    assert corners.shape == (8, 3)
    for k, corner in enumerate(corners):
        assert "".join("1" if c > 0 else "0" for c in corner) == f"{k:03b}"


def test_box_edges_join_corners_one_axis_apart():
    edges = box_edges(np.zeros(3), np.array([1.0, 2.0, 3.0]))
    assert len(edges) == 12
    for start, end in edges:
        assert np.count_nonzero(start != end) == 1 and (end >= start).all()


def test_plane_in_a_square_is_a_segment_lower_end_first():
    ends = plane_in_box(np.array([1.0, 1.0]), -1.0, 0.0, 1.0)
    np.testing.assert_allclose(ends, [[0.0, 1.0], [1.0, 0.0]])
    assert plane_in_box(np.array([1.0, 1.0]), 1.0, 0.0, 1.0) is None


def test_view_showing_prefers_the_sight_that_keeps_the_corner_off_centre():
    sights = [np.array([1.0, 1.0, 1.0]) / np.sqrt(3), np.array([1.0, 0.0, 0.0])]
    assert view_showing(np.ones(3), 0.5, sights) == 1  # seen along the diagonal: centred
    assert view_showing(None, 0.5, sights) == 0


def test_nearest_corner_of_the_points_mean():
    corners = cube_corners(0.0, 1.0, 2)
    points = np.array([[0.9, 0.1], [0.7, 0.2]])
    assert nearest_corner(points, corners) == pytest.approx([1.0, 0.0])
