import gc
import io
import re
import weakref

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.contour import ContourSet  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.text import Annotation  # noqa: E402
from mpl_toolkits.mplot3d.art3d import Poly3DCollection  # noqa: E402

import toynn  # noqa: E402
from toynn.plots import (  # noqa: E402
    plot_data,
    plot_decision_regions,
    plot_epochs_to_success,
    plot_final_losses,
    plot_hidden_lines,
    plot_hidden_space,
    plot_hidden_space_grid,
    plot_layers,
    plot_losses,
    plot_network,
    plot_regression_fit,
    plot_success_rate,
    plot_sweep_curves,
    plot_unit_heatmaps,
)

# ------------------------------------------------------------------------------ fixtures


@pytest.fixture(autouse=True)
def no_global_state():
    """Every test leaves rcParams as it found them and closes its figures."""
    before = matplotlib.rcParams.copy()
    yield
    plt.close("all")
    assert matplotlib.rcParams == before, "a plot function changed matplotlib.rcParams"


@pytest.fixture(scope="module", autouse=True)
def one_thread():
    """Tiny trainings run ~100x slower with several torch threads on a busy CPU."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.fixture(scope="module")
def rings():
    return toynn.make_rings(100, seed=0)


@pytest.fixture(scope="module")
def run3(rings):
    X, y = rings
    return toynn.fit(toynn.MLP(2, width=3), X, y, loss="bce", lr=0.05, epochs=300, seed=0)


@pytest.fixture(scope="module")
def sine():
    return toynn.make_damped_sine(step=0.2)


@pytest.fixture(scope="module")
def regression(sine):
    X, y = sine
    return toynn.fit(toynn.MLP(1, width=6), X, y, loss="mse", lr=0.02, epochs=300, seed=0)


@pytest.fixture(scope="module")
def result(rings):
    X, y = rings
    return toynn.sweep(X, y, widths=[1, 3], seeds=range(6), loss="bce", lr=0.05, epochs=200)


@pytest.fixture(scope="module")
def spiral3():
    return toynn.make_spiral(40, arms=3, seed=0)


@pytest.fixture(scope="module")
def depth_result(rings):
    X, y = rings
    return toynn.sweep(X, y, widths=[2], depth=[1, 2, 3, 4], seeds=range(6), loss="bce",
                       lr=0.05, epochs=200)


@pytest.fixture(scope="module")
def relu_result(rings):
    X, y = rings
    return toynn.sweep(X, y, widths=[3, 1], seeds=range(6), loss="bce", lr=0.05, epochs=200,
                       activation="relu")


def render(artist):
    """Draw the figure completely (draw-time warnings are errors under pytest's config)."""
    fig = artist if isinstance(artist, Figure) else artist.figure
    fig.savefig(io.BytesIO(), format="png", dpi=50)


def model_with(W, b, *, v=None, c=0.0, activation="sigmoid"):
    """A one-layer model with the given first-layer weights (and output weights)."""
    W = torch.as_tensor(W, dtype=torch.float32)
    model = toynn.MLP(W.shape[1], width=W.shape[0], activation=activation, seed=0)
    with torch.no_grad():
        model.hidden_layers[0].weight[:] = W
        model.hidden_layers[0].bias[:] = torch.as_tensor(b, dtype=torch.float32)
        if v is not None:
            model.output_layer.weight[:] = torch.as_tensor(v, dtype=torch.float32)
            model.output_layer.bias[:] = c
    return model


def legend_texts(ax):
    return [text.get_text() for text in ax.get_legend().get_texts()]


# ----------------------------------------------------------------------- ax and figures


def test_new_figures_are_white(rings):
    ax = plot_data(*rings)
    assert isinstance(ax, Axes)
    assert ax.figure.get_facecolor() == (1.0, 1.0, 1.0, 1.0)


def test_every_function_draws_on_the_given_axes(rings, run3, sine, regression, result):
    X, y = rings
    calls = [
        lambda ax: plot_data(X, y, ax=ax),
        lambda ax: plot_losses(run3, ax=ax),
        lambda ax: plot_hidden_lines(run3.model, X, y, regions=True, ax=ax),
        lambda ax: plot_decision_regions(run3.model, X, y, resolution=20, ax=ax),
        lambda ax: plot_regression_fit(regression.model, *sine, ax=ax),
        lambda ax: plot_success_rate(result, 0.3, ax=ax),
        lambda ax: plot_final_losses(result, threshold=0.3, ax=ax),
        lambda ax: plot_epochs_to_success(result, 0.3, ax=ax),
        lambda ax: plot_sweep_curves(result, 3, ax=ax),
    ]
    for call in calls:
        fig, ax = plt.subplots()
        figures = plt.get_fignums()
        assert call(ax) is ax
        assert plt.get_fignums() == figures
        render(fig)
        plt.close(fig)
    fig = plt.figure()
    ax = fig.add_subplot(projection="3d")
    assert plot_hidden_space(run3.model, X, y, ax=ax) is ax
    assert plt.get_fignums() == [fig.number]


def test_ax_must_be_axes(rings):
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        plot_data(*rings, ax=plt.figure())


def test_two_dimensional_plots_reject_3d_axes(rings):
    ax = plt.figure().add_subplot(projection="3d")
    with pytest.raises(ValueError, match="2-D axes"):
        plot_data(*rings, ax=ax)


# ------------------------------------------------------------------------------ plot_data


def test_plot_data_classes(rings):
    X, y = rings
    ax = plot_data(X, y)
    assert len(ax.collections) == 2
    assert legend_texts(ax) == ["class 0", "class 1"]
    assert [len(c.get_offsets()) for c in ax.collections] == [100, 100]
    # Colour and marker differ between the classes.
    first, second = ax.collections
    assert not np.allclose(first.get_facecolor(), second.get_facecolor())
    assert first.get_paths()[0] != second.get_paths()[0]
    assert ax.get_aspect() == 1.0
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
    render(ax)


def test_plot_data_accepts_numpy_and_labels(rings):
    X, y = rings
    ax = plot_data(X.numpy(), y.numpy().astype(int), labels=["disc", "ring"])
    assert legend_texts(ax) == ["disc", "ring"]


def test_plot_data_regression(sine):
    X, y = sine
    for inputs in (X, X[:, 0].numpy()):
        ax = plot_data(inputs, y)
        (points,) = ax.collections
        np.testing.assert_allclose(points.get_offsets(), np.column_stack([X[:, 0], y]))
        assert ax.get_legend() is None


@pytest.mark.parametrize(
    ("X", "y", "match"),
    [
        (np.zeros((5, 3)), np.zeros(5), r"X must have shape"),
        (np.zeros((5, 2)), np.zeros(4), r"same number of samples"),
        (np.zeros((5, 2)), np.full(5, 0.5), r"y must hold class labels"),
        (np.zeros((5, 2)), np.zeros((5, 2)), r"y must have shape"),
        (np.full((5, 2), np.nan), np.zeros(5), r"X contains 10 NaN"),
        (np.zeros((0, 2)), np.zeros(0), r"X must hold at least one sample"),
    ],
)
def test_plot_data_errors(X, y, match):
    with pytest.raises(ValueError, match=match):
        plot_data(X, y)


def test_plot_data_labels_must_name_every_class(rings):
    with pytest.raises(ValueError, match="labels must name every class"):
        plot_data(*rings, labels=["disc"])


def test_plot_data_three_classes_of_class_indices(spiral3):
    X, y = spiral3  # y: int64 class indices 0, 1, 2
    ax = plot_data(X, y)
    assert legend_texts(ax) == ["class 0", "class 1", "class 2"]
    assert [len(c.get_offsets()) for c in ax.collections] == [40, 40, 40]
    colours = [tuple(c.get_facecolor()[0][:3]) for c in ax.collections]
    assert len(set(colours)) == 3
    assert ax.get_title() == "120 points, 3 classes"
    assert toynn.describe(ax) == ("120 points, 3 classes. Scatter plot of 120 points in the "
                                  "plane: 40 class 0, 40 class 1 and 40 class 2.")
    render(ax)


# ---------------------------------------------------------------------------- plot_losses


def test_plot_losses_histories(rings, run3):
    X, y = rings
    run1 = toynn.fit(toynn.MLP(2, width=1), X, y, loss="bce", lr=0.05, epochs=300, seed=0)
    ax = plot_losses([run1, run3])
    lines = ax.get_lines()
    assert len(lines) == 2
    np.testing.assert_allclose(lines[1].get_ydata(), run3.losses)
    np.testing.assert_array_equal(lines[1].get_xdata(), np.arange(300))
    assert legend_texts(ax) == [
        f"width 1 (final {run1.final_loss:.3g})",
        f"width 3 (final {run3.final_loss:.3g})",
    ]
    assert ax.get_yscale() == "log"
    assert ax.get_xlabel() == "epoch" and ax.get_ylabel() == "BCE loss"
    assert lines[0].get_linestyle() != lines[1].get_linestyle()
    render(ax)


def test_plot_losses_labels_name_what_differs(rings):
    X, y = rings
    runs = [toynn.fit(toynn.MLP(2, width=2), X, y, loss="bce", lr=lr, epochs=20, seed=0)
            for lr in (0.01, 0.1)]
    assert [t.split(" (")[0] for t in legend_texts(plot_losses(runs))] == [
        "width 2, lr 0.01", "width 2, lr 0.1"]


def test_plot_losses_other_inputs(run3):
    ax = plot_losses({"three": run3, "copy": run3.losses})
    assert legend_texts(ax) == ["three", "copy"]
    assert ax.get_ylabel() == "loss"
    ax = plot_losses([0.7, 0.5, 0.2], log=False)
    assert len(ax.get_lines()) == 1 and ax.get_legend() is None
    assert ax.get_yscale() == "linear"
    ax = plot_losses(np.linspace(1, 0.1, 30).reshape(3, 10), labels=["a", "b", "c"])
    assert legend_texts(ax) == ["a", "b", "c"]


def test_plot_losses_many_curves_keep_distinct_styles():
    ax = plot_losses(np.linspace(1, 0.1, 90).reshape(9, 10))
    styles = {(str(line.get_color()), line.get_linestyle()) for line in ax.get_lines()}
    assert len(styles) == 9
    render(ax)


@pytest.mark.parametrize(
    ("histories", "kwargs", "error", "match"),
    [
        ([], {}, ValueError, "at least one"),
        ([[0.5, 0.4], [0.3]], {"labels": ["a"]}, ValueError, "one entry per curve"),
        ({"a": [0.5]}, {"labels": ["b"]}, ValueError, "labels must be None"),
        ([[]], {}, ValueError, r"histories\[0\] must be"),
        (np.zeros((2, 2, 2)), {}, ValueError, "shape"),
        ("losses", {}, TypeError, "string"),
    ],
)
def test_plot_losses_errors(histories, kwargs, error, match):
    with pytest.raises(error, match=match):
        plot_losses(histories, **kwargs)


# ---------------------------------------------------------------------- plot_hidden_lines


def test_hidden_lines_width_3_draws_3_lines_in_the_data_box(rings, run3):
    X, y = rings
    ax = plot_hidden_lines(run3.model, X, y)
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["unit 0", "unit 1", "unit 2"]
    assert len({(str(line.get_color()), str(line.get_linestyle())) for line in lines}) == 3
    low, high = X.min(0).values.numpy(), X.max(0).values.numpy()
    margin = 0.1 * (high - low)
    np.testing.assert_allclose(ax.get_xlim(), [low[0] - margin[0], high[0] + margin[0]],
                               rtol=1e-5)
    np.testing.assert_allclose(ax.get_ylim(), [low[1] - margin[1], high[1] + margin[1]],
                               rtol=1e-5)
    assert "unit 0" in legend_texts(ax) and "class 1" in legend_texts(ax)
    render(ax)


def test_hidden_lines_lie_on_the_units_lines_and_arrows_point_to_on_side():
    W, b = np.array([[1.0, 0.0], [0.0, -2.0], [1.0, 1.0]]), np.array([0.0, 0.5, -1.0])
    X = np.array([[-2.0, -2.0], [2.0, 2.0]])
    ax = plot_hidden_lines(model_with(W, b), X, margin=0)
    for i, line in enumerate(ax.get_lines()):
        points = np.column_stack([line.get_xdata(), line.get_ydata()])
        np.testing.assert_allclose(points @ W[i] + b[i], 0, atol=1e-6)
        assert np.all(np.abs(points) <= 2 + 1e-9)
    arrows = [t for t in ax.texts if isinstance(t, Annotation)]
    assert len(arrows) == 3
    for i, arrow in enumerate(arrows):
        assert W[i] @ np.array(arrow.xy) + b[i] > 0
        assert W[i] @ np.array(arrow.xyann) + b[i] == pytest.approx(0, abs=1e-6)


def test_hidden_lines_regions_three_lines_make_seven():
    W, b = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]), np.array([0.0, 0.0, -1.0])
    X = np.array([[-2.0, -2.0], [2.0, 2.0]])
    ax = plot_hidden_lines(model_with(W, b), X, np.array([0, 1]), regions=True)
    assert "7 regions" in ax.get_title()
    (image,) = ax.images
    assert len(np.unique(image.get_array())) == 7
    codes = sorted(t.get_text() for t in ax.texts if not isinstance(t, Annotation))
    assert len(codes) == 7 and "(0,0,0)" in codes and "(1,1,0)" in codes
    render(ax)


def test_hidden_lines_near_zero_weights_do_not_move_the_view():
    W = np.array([[1.0, 1.0], [1e-9, -1e-9], [0.0, 0.0]])
    b = np.array([0.0, 1.0, 1.0])
    X = np.array([[-1.0, -1.0], [1.0, 1.0]])
    ax = plot_hidden_lines(model_with(W, b), X, margin=0)
    assert ax.get_xlim() == pytest.approx((-1, 1)) and ax.get_ylim() == pytest.approx((-1, 1))
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels == ["unit 0", "unit 1 (outside view)", "unit 2 (outside view)"]
    assert len(ax.get_lines()[1].get_xdata()) == 0
    render(ax)


def test_hidden_lines_without_data(run3):
    ax = plot_hidden_lines(run3.model)
    assert len(ax.get_lines()) == 3 and not ax.collections
    assert all(len(line.get_xdata()) == 2 for line in ax.get_lines())
    # On axes that already show data, the lines keep that view.
    fig, ax = plt.subplots()
    ax.scatter([-1, 3], [0, 5])
    ax.set_xlim(-1, 3)
    ax.set_ylim(0, 5)
    plot_hidden_lines(run3.model, ax=ax)
    assert ax.get_xlim() == (-1, 3) and ax.get_ylim() == (0, 5)


def test_hidden_lines_data_without_classes(rings, run3):
    ax = plot_hidden_lines(run3.model, rings[0])
    assert len(ax.collections) == 1 and "data" in legend_texts(ax)


def test_hidden_lines_errors(rings, regression):
    X, y = rings
    model = toynn.MLP(2, width=3, seed=0)
    with pytest.raises(ValueError, match="y was given without X"):
        plot_hidden_lines(model, y=y)
    with pytest.raises(ValueError, match="in_features=2"):
        plot_hidden_lines(regression.model)
    with pytest.raises(ValueError, match="margin"):
        plot_hidden_lines(model, X, y, margin=-1)
    with pytest.raises(ValueError, match="X must have shape"):
        plot_hidden_lines(model, X[:, :1], y)
    with pytest.raises(TypeError, match="toynn.MLP"):
        plot_hidden_lines(torch.nn.Linear(2, 3), X, y)


# ------------------------------------------------------------------ plot_decision_regions


def test_decision_regions(rings, run3):
    X, y = rings
    ax = plot_decision_regions(run3.model, X, y, resolution=30)
    (image,) = ax.images
    probs = np.asarray(image.get_array())
    assert probs.shape == (30, 30) and probs.min() >= 0 and probs.max() <= 1
    # The lower-left pixel is the probability at the lower-left corner of the view.
    corner = torch.tensor([[ax.get_xlim()[0], ax.get_ylim()[0]]], dtype=torch.float32)
    with torch.no_grad():
        expected = torch.sigmoid(run3.model(corner)).item()
    assert probs[0, 0] == pytest.approx(expected, abs=1e-5)
    assert len(ax.figure.axes) == 2  # the axes and its colour bar
    assert ax.figure.axes[1].get_ylabel() == "P(class 1)"
    assert "P = 0.5" in legend_texts(ax)
    render(ax)


def test_decision_regions_without_boundary_draws_no_contour(rings):
    X, y = rings
    model = model_with(np.ones((3, 2)), np.zeros(3), v=np.zeros((1, 3)), c=5.0)
    ax = plot_decision_regions(model, X, y, resolution=10)
    assert "P = 0.5" not in legend_texts(ax)
    render(ax)


def test_decision_regions_of_three_classes(spiral3):
    X, y = spiral3
    # three units, each on along one direction; output c copies unit c: the class whose
    # direction the point lies along wins, and the boundaries are the three bisectors
    angles = np.array([90.0, 210.0, 330.0]) * np.pi / 180
    W = 10 * np.column_stack([np.cos(angles), np.sin(angles)])
    model = toynn.MLP.from_weights([(W, np.zeros(3))], (10 * np.eye(3), np.zeros(3)),
                                   activation="identity")
    ax = plot_decision_regions(model, X, y, resolution=41)
    (image,) = ax.images
    predicted = np.asarray(image.get_array())
    assert predicted.shape == (41, 41) and set(np.unique(predicted)) == {0, 1, 2}
    # each pixel is the argmax of the model's outputs at its grid point
    corner = torch.tensor([[ax.get_xlim()[0], ax.get_ylim()[0]]], dtype=torch.float32)
    with torch.no_grad():
        assert predicted[0, 0] == model(corner).argmax().item()
    assert image.cmap(image.norm(1))[:3] != image.cmap(image.norm(2))[:3]
    assert len(ax.figure.axes) == 1  # no colour bar: the classes' colours say it
    assert legend_texts(ax) == ["class 0", "class 1", "class 2", "decision boundary"]
    text = toynn.describe(ax)
    assert "Predicted class of a width-3 identity net over the plane (class 0 on" in text
    right = (model(torch.as_tensor(X)).argmax(dim=1) == y).float().mean().item()
    assert f"{right:.0%} of them lie in the region of their class." in text
    assert "120 points on top: 40 class 0, 40 class 1 and 40 class 2" in text
    render(ax)


def test_decision_regions_of_two_outputs_and_of_a_trained_ce_model(rings, spiral3):
    X, y = rings
    ax = plot_decision_regions(toynn.MLP(2, 2, width=3, seed=0), X, y, resolution=20)
    assert np.asarray(ax.images[0].get_array()).dtype.kind == "i"
    X, y = spiral3
    history = toynn.fit(toynn.MLP(2, 3, width=8, activation="tanh"), X, y, loss="ce", lr=0.05,
                        epochs=300, seed=0)
    ax = plot_decision_regions(history.model, X, y, labels=["a", "b", "c"], resolution=30)
    assert legend_texts(ax)[:3] == ["a", "b", "c"]
    render(ax)


def test_decision_regions_errors(rings):
    X, y = rings
    with pytest.raises(ValueError, match="at most 6 classes"):
        plot_decision_regions(toynn.MLP(2, 7, width=3), X, y)
    with pytest.raises(ValueError, match="resolution must be at least 2"):
        plot_decision_regions(toynn.MLP(2, width=3), X, y, resolution=1)
    with pytest.raises(ValueError, match="same number of samples"):
        plot_decision_regions(toynn.MLP(2, width=3), X, y[:-1])


# --------------------------------------------------------------------- plot_hidden_space


def test_hidden_space(rings, run3):
    X, y = rings
    ax = plot_hidden_space(run3.model, X, y)
    assert ax.name == "3d"
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_zlabel()) == ("unit 0", "unit 1", "unit 2")
    assert ax.get_xlim() == (0, 1) and ax.get_zlim() == (0, 1)
    assert legend_texts(ax) == ["class 0", "class 1"]
    render(ax)


def test_hidden_space_units_and_data(rings):
    X, y = rings
    model = toynn.MLP(2, width=4, seed=1)
    ax = plot_hidden_space(model, X, y, units=(3, 0, 2))
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_zlabel()) == ("unit 3", "unit 0", "unit 2")
    with torch.no_grad():
        hidden = model.hidden(X)[0][:, [3, 0, 2]].numpy()
    xs, ys, zs = ax.collections[0]._offsets3d
    np.testing.assert_allclose(np.column_stack([xs, ys, zs]), hidden[y.numpy() == 0], rtol=1e-6)


def test_hidden_space_relu_has_free_limits(rings):
    X, y = rings
    ax = plot_hidden_space(toynn.MLP(2, width=3, activation="relu", seed=0), X, y)
    assert ax.get_xlim() != (0, 1)


def test_hidden_space_plane(rings, run3):
    X, y = rings
    for units in [(0, 1, 2), (2, 0, 1)]:
        ax = plot_hidden_space(run3.model, X, y, units=units, plane=True)
        planes = [c for c in ax.collections if isinstance(c, Poly3DCollection)]
        assert len(planes) == 1 and legend_texts(ax)[-1] == "output = 0 (P = 0.5)"
        render(ax)


@pytest.mark.parametrize(
    ("normal", "offset", "corners"),
    [
        ([1.0, 1.0, 1.0], -1.5, 6),  # through the middle of the cube: a hexagon
        ([1.0, 0.0, 0.0], -0.5, 4),  # parallel to a face: a square
        ([1.0, 1.0, 1.0], -0.5, 3),  # cutting off a corner: a triangle
        ([1.0, 1.0, 1.0], 1.0, 0),  # missing the cube
    ],
)
def test_plane_polygon(normal, offset, corners):
    from toynn._geometry import plane_in_box

    normal = np.array(normal)
    polygon = plane_in_box(normal, offset, np.zeros(3), np.ones(3))
    if corners == 0:
        assert polygon is None
        return
    assert len(polygon) == corners
    np.testing.assert_allclose(polygon @ normal + offset, 0, atol=1e-9)  # rounded to 1e-9
    assert polygon.min() >= 0 and polygon.max() <= 1
    # In order around the polygon: consecutive edges turn the same way.
    edges = np.roll(polygon, -1, axis=0) - polygon
    turns = np.cross(edges, np.roll(edges, -1, axis=0)) @ normal
    assert np.all(turns > 0) or np.all(turns < 0)


@pytest.mark.parametrize(
    ("width", "units", "match"),
    [
        (2, (0, 1, 2), "at least 3 hidden units"),
        (1, None, "at least 2 hidden units"),
        (4, (0,), "2 or 3 distinct unit indices"),
        (4, (0, 1, 2, 3), "2 or 3 distinct unit indices"),
        (4, (0, 0, 1), "distinct unit indices"),
        (4, (0, 1, 4), "between 0 and 3"),
        (4, (0, 1, -1), "between 0 and 3"),
        (4, (0, 1, 1.5), "integer"),
    ],
)
def test_hidden_space_errors(rings, width, units, match):
    with pytest.raises(ValueError, match=match):
        plot_hidden_space(toynn.MLP(2, width=width, seed=0), *rings, units=units)


def test_hidden_space_needs_3d_axes(rings, run3):
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="3-D axes"):
        plot_hidden_space(run3.model, *rings, ax=ax)


def test_hidden_space_plane_needs_width_3(rings):
    with pytest.raises(ValueError, match="exactly 3 units"):
        plot_hidden_space(toynn.MLP(2, width=4, seed=0), *rings, plane=True)
    with pytest.raises(ValueError, match="exactly 2 units"):
        plot_hidden_space(toynn.MLP(2, width=3, seed=0), *rings, units=(0, 1), plane=True)


def test_hidden_space_square_of_a_width_2_net(rings):
    X, y = rings
    # unit 0 on where x > 0, unit 1 where y > 0; the output line h0 + h1 = 1
    model = model_with(10 * np.eye(2), np.zeros(2), v=[[1.0, 1.0]], c=-1.0)
    ax = plot_hidden_space(model, X, y, plane=True)
    assert ax.name != "3d" and (ax.get_xlabel(), ax.get_ylabel()) == ("unit 0", "unit 1")
    (line,) = [line for line in ax.get_lines() if line.get_linestyle() == "--"]
    np.testing.assert_allclose(sorted(map(tuple, line.get_xydata())), [(0, 1), (1, 0)],
                               atol=1e-9)
    corners = {text.get_text() for text in ax.texts}
    assert corners == {"00", "01", "10", "11"}
    assert "2-D scatter plot" in toynn.describe(ax.figure)
    assert "dashed grey line" in toynn.describe(ax.figure)
    render(ax)


def test_hidden_space_corners_are_labelled_unit_by_unit(rings):
    X, y = rings
    ax = plot_hidden_space(toynn.MLP(2, width=3, seed=0), X, y, units=(2, 0, 1))
    labels = {text.get_text(): text.get_position_3d() for text in ax.texts}
    assert len(labels) == 8
    # "100" is on for the first unit shown (unit 2, the x axis), off for the others
    x, y_, z = labels["100"]
    assert x > 1 and y_ < 0 and z < 0


def test_hidden_space_default_view_keeps_the_disc_corner_off_centre(rings):
    from toynn.plots._hidden_space import _VIEWS, _view_showing

    corner = np.array([0.0, 1.0, 0.0])
    elev, azim = _view_showing(corner, 0.5)
    sight = np.array([np.cos(np.radians(elev)) * np.cos(np.radians(azim)),
                      np.cos(np.radians(elev)) * np.sin(np.radians(azim)),
                      np.sin(np.radians(elev))])
    offset = corner - 0.5
    off_centre = np.linalg.norm(offset - (offset @ sight) * sight)
    assert off_centre > 0.6  # a corner on the silhouette, not one near the middle
    assert _view_showing(None, 0.5) == _VIEWS[0]
    ax = plot_hidden_space(toynn.MLP(2, width=3, seed=0), *rings, view=(10, 20))
    assert (ax.elev, ax.azim) == (10, 20)


def test_hidden_space_grid(rings):
    X, y = rings
    fig = plot_hidden_space_grid(toynn.MLP(2, width=5, seed=0), X, y)
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 10 and all(ax.name == "3d" for ax in fig.axes)
    assert fig.axes[0].get_title() == "units (0, 1, 2)"
    assert fig.axes[-1].get_title() == "units (2, 3, 4)"
    assert len(fig.legends) == 1
    assert all(ax.get_legend() is None for ax in fig.axes)
    render(fig)


def test_hidden_space_grid_layout_and_limits(rings):
    X, y = rings
    fig = plot_hidden_space_grid(toynn.MLP(2, width=4, seed=0), X, y, ncols=3)
    assert len(fig.axes) == 4
    assert fig.axes[3].get_subplotspec().rowspan.start == 1
    with pytest.raises(ValueError, match="max_views"):
        plot_hidden_space_grid(toynn.MLP(2, width=7, seed=0), X, y)
    with pytest.raises(ValueError, match="at least 3 hidden units"):
        plot_hidden_space_grid(toynn.MLP(2, width=2, seed=0), X, y)
    with pytest.raises(ValueError, match="ncols"):
        plot_hidden_space_grid(toynn.MLP(2, width=3, seed=0), X, y, ncols=0)


# ---------------------------------------------------------------------------- plot_layers

CIRCLE = torch.stack([torch.cos(torch.linspace(0, 2 * np.pi, 401)),
                      torch.sin(torch.linspace(0, 2 * np.pi, 401))], dim=1)


@pytest.fixture(scope="module")
def run2x2(rings):
    """A trained width-2 net of depth 2: its output's boundary crosses the last panel."""
    X, y = rings
    return toynn.fit(toynn.MLP(2, width=2, depth=2), X, y, loss="bce", lr=0.05, epochs=300,
                     seed=0)


def loop_line(ax):
    (line,) = [line for line in ax.get_lines() if line.get_label() == "loop"]
    return line


def grid_lines(ax):
    return [line for line in ax.get_lines() if line.get_label() != "loop"]


def test_layers_one_panel_for_the_input_and_one_per_hidden_layer(rings):
    X, y = rings
    fig = plot_layers(toynn.MLP(2, width=2, depth=1, seed=0), X, y)
    assert isinstance(fig, Figure)
    assert [ax.get_title() for ax in fig.axes] == ["input", "after layer 1"]
    assert [ax.get_subplotspec().get_geometry()[:2] for ax in fig.axes] == [(1, 2)] * 2
    assert fig.axes[0].get_xlabel() == "$x_1$" and fig.axes[1].get_ylabel() == "$z_2$ of layer 1"
    assert legend_texts(fig.axes[0]) == ["class 0", "class 1"]  # no loop: no loop entry
    assert all(ax.get_legend() is None for ax in fig.axes[1:])
    render(fig)


def test_layers_wrap_beyond_three_panels(rings):
    X, y = rings
    fig = plot_layers(toynn.MLP(2, width=2, depth=4, seed=0), X, y, loop=3 * CIRCLE)
    assert len(fig.axes) == 5 and fig.axes[-1].get_title() == "after layer 4"
    rows = [ax.get_subplotspec().rowspan.start for ax in fig.axes]
    assert rows == [0, 0, 0, 1, 1]
    fig = plot_layers(toynn.MLP(2, width=2, depth=4, seed=0), X, y, ncols=5)
    assert [ax.get_subplotspec().rowspan.start for ax in fig.axes] == [0] * 5


def test_layers_draw_points_grid_and_loop_at_the_models_pre_activations(rings, run2x2):
    X, y = rings
    model = run2x2.model
    fig = plot_layers(model, X, y, loop=3.5 * CIRCLE, labels=["disc", "ring"])
    with torch.no_grad():
        loops = [3.5 * CIRCLE, *model.pre_activations(3.5 * CIRCLE)]
        points = [X, *model.pre_activations(X)]
    for ax, loop, P in zip(fig.axes, loops, points, strict=True):
        # the loop's image is the model's pre-activations of the loop (given closed)
        np.testing.assert_allclose(loop_line(ax).get_xydata(), loop.numpy(), rtol=1e-6,
                                   atol=1e-6)
        # the points too, class by class, in the palette and markers of every plot
        for c, scatter in enumerate(ax.collections[:2]):
            np.testing.assert_allclose(scatter.get_offsets(), P[y == c].numpy(), rtol=1e-6,
                                       atol=1e-6)
        # the same grid in every panel, under the points; the view holds points and loop
        assert len(grid_lines(ax)) == len(grid_lines(fig.axes[0])) >= 10
        assert all(line.get_zorder() < ax.collections[0].get_zorder()
                   for line in grid_lines(ax))
        shown = torch.cat([loop, P])
        (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
        assert x0 < shown[:, 0].min() and shown[:, 0].max() < x1
        assert y0 < shown[:, 1].min() and shown[:, 1].max() < y1
    assert legend_texts(fig.axes[0]) == ["disc", "ring", "loop"]
    # the grid of the input covers the view
    lines = np.concatenate([line.get_xydata() for line in grid_lines(fig.axes[0])])
    (x0, x1), (y0, y1) = fig.axes[0].get_xlim(), fig.axes[0].get_ylim()
    assert lines[:, 0].min() <= x0 and lines[:, 0].max() >= x1
    assert lines[:, 1].min() <= y0 and lines[:, 1].max() >= y1
    render(fig)


def test_layers_close_an_open_loop(rings):
    X, y = rings
    square = [[-2.0, -2.0], [2.0, -2.0], [2.0, 2.0], [-2.0, 2.0]]
    fig = plot_layers(toynn.MLP(2, width=2, seed=0), X, y, loop=square)
    xy = loop_line(fig.axes[0]).get_xydata()
    assert len(xy) == 5 and xy[0].tolist() == xy[-1].tolist() == [-2.0, -2.0]


@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
def test_layers_dash_the_outputs_boundary_in_the_last_panel(rings, activation):
    X, y = rings
    model = toynn.fit(toynn.MLP(2, width=2, depth=2, activation=activation), X, y,
                      loss="bce", lr=0.05, epochs=300, seed=0).model
    fig = plot_layers(model, X, y)
    assert not any(isinstance(c, ContourSet) for ax in fig.axes[:-1] for c in ax.collections)
    (boundary,) = [c for c in fig.axes[-1].collections if isinstance(c, ContourSet)]
    assert boundary.get_linestyle()[0][1] is not None  # dashed, not solid
    # on the curve, v . activation(z) + c = 0: the model's own activation, not a sigmoid
    z = torch.as_tensor(np.concatenate(boundary.allsegs[0]), dtype=torch.float32)
    with torch.no_grad():
        out = model.output_layer(model.activation(z))[:, 0]
        scale = model.output_layer(model.activation(model.pre_activations(X)[-1])).abs()
    assert len(z) > 10 and out.abs().max() < 0.02 * scale.max()
    assert "in the last panel, a dashed black curve marks where the output is 0" in (
        toynn.describe(fig))


def test_layers_without_a_boundary_in_view(rings):
    X, y = rings
    model = toynn.MLP.from_weights([(torch.eye(2), torch.zeros(2))], ([1.0, 1.0], 100.0))
    fig = plot_layers(model, X, y)
    assert not any(isinstance(c, ContourSet) for c in fig.axes[-1].collections)
    assert "the output is not 0 anywhere in the last panel's view." in toynn.describe(fig)
    fig = plot_layers(toynn.MLP(2, 3, width=2, seed=0), X, y)  # several outputs: no line
    assert not any(isinstance(c, ContourSet) for c in fig.axes[-1].collections)
    assert "output" not in toynn.describe(fig).split("(light grey lines)")[1]


def test_layers_description(rings):
    X, y = rings
    fig = plot_layers(toynn.MLP(2, width=2, depth=3, seed=0), X, y, loop=2 * CIRCLE,
                      labels=["disc", "ring"])
    text = toynn.describe(fig)
    assert text.startswith("The plane after each layer of a width-2 sigmoid net, depth 3. "
                           "One panel for the input plane and one for each of the 3 hidden "
                           "layers of a width-2 sigmoid net, depth 3, in its pre-activations "
                           "z = W h + b (before the sigmoid), each showing 200 points "
                           "(100 disc and 100 ring) and the image of a square grid")
    assert "of a closed loop (black line)" in text and "Panel" not in text
    fig.suptitle("My net")
    assert toynn.describe(fig).startswith("My net. One panel for the input plane and one for "
                                          "each of the 3 hidden layers")
    one = toynn.describe(plot_layers(toynn.MLP(2, width=2, seed=0), X, y))
    assert "one for the hidden layer of a width-2 sigmoid net," in one and "loop" not in one


@pytest.mark.parametrize(("model", "kwargs", "error", "match"), [
    (toynn.MLP(2, width=3, seed=0), {}, ValueError, "needs width 2, but this model has width 3"),
    (toynn.MLP(1, width=2, seed=0), {}, ValueError, "plot_layers needs a model with in_features=2"),
    (toynn.MLP(2, width=2, seed=0), {"loop": torch.zeros(5, 3)}, ValueError,
     r"loop must have shape \(N, 2\), got shape \(5, 3\)"),
    (toynn.MLP(2, width=2, seed=0), {"ncols": 0}, ValueError, "ncols must be an integer >= 1"),
    (toynn.MLP(2, width=2, seed=0), {"labels": ["disc"]}, ValueError, "labels must name"),
    (torch.nn.Linear(2, 2), {}, TypeError, "model must be a toynn.MLP"),
])
def test_layers_errors(rings, model, kwargs, error, match):
    with pytest.raises(error, match=match):
        plot_layers(model, *rings, **kwargs)


def test_layers_check_the_data(rings):
    X, y = rings
    model = toynn.MLP(2, width=2, seed=0)
    with pytest.raises(ValueError, match=r"X must have shape \(N, 2\)"):
        plot_layers(model, X[:, :1], y)
    with pytest.raises(ValueError, match="same number of samples"):
        plot_layers(model, X, y[:-1])


# -------------------------------------------------------------------- plot_regression_fit


def test_regression_fit(sine, regression):
    X, y = sine
    model = regression.model
    ax = plot_regression_fit(model, X, y)
    smooth, staircase, *marks = ax.get_lines()
    assert (smooth.get_label(), staircase.get_label()[:10]) == ("model", "step units")
    with torch.no_grad():
        expected = model(torch.tensor(smooth.get_xdata(), dtype=torch.float32)[:, None])
    np.testing.assert_allclose(smooth.get_ydata(), expected.numpy(), rtol=1e-4, atol=1e-5)
    # The step line is piecewise constant with at most width + 1 levels, jumping only at
    # thresholds inside the data's range, where the dotted lines are.
    deltas = toynn.thresholds(model).numpy()
    inside = np.sort(deltas[(deltas > X.min().item()) & (deltas < X.max().item())])
    assert len(np.unique(staircase.get_ydata())) <= model.width + 1
    np.testing.assert_allclose(staircase.get_xdata()[1:-1], inside, rtol=1e-6)
    assert len(marks) == len(inside)
    np.testing.assert_allclose([m.get_xdata()[0] for m in marks], inside, rtol=1e-6)
    middle = (staircase.get_xdata()[0] + staircase.get_xdata()[1]) / 2
    expected_level = toynn.step_predict(model, torch.tensor([[middle]])).item()
    assert staircase.get_ydata()[0] == pytest.approx(expected_level, rel=1e-5)
    render(ax)


def test_regression_fit_counts_thresholds_outside(sine):
    X, y = sine
    # Thresholds -b/w at -5, 0, 15 and inf (zero weight): two inside [-10, 9.8], two outside.
    model = model_with([[1.0], [2.0], [1.0], [0.0]], [5.0, 0.0, -15.0, 1.0])
    ax = plot_regression_fit(model, X, y, staircase=False)
    assert [line.get_label() for line in ax.get_lines()][:1] == ["model"]
    assert any("2 thresholds" in t and "2 outside" in t for t in legend_texts(ax))
    assert sum(1 for line in ax.get_lines() if line.get_linestyle() == ":") == 2


def test_regression_fit_options_and_errors(sine):
    X, y = sine
    relu = toynn.MLP(1, width=3, activation="relu", seed=0)
    with pytest.raises(ValueError, match="staircase=False"):
        plot_regression_fit(relu, X, y)
    ax = plot_regression_fit(relu, X[:, 0], y, staircase=False, threshold_lines=False)
    assert [line.get_label() for line in ax.get_lines()] == ["model"]
    with pytest.raises(ValueError, match="in_features=1"):
        plot_regression_fit(toynn.MLP(2, width=3), X, y)
    with pytest.raises(ValueError, match="same number of samples"):
        plot_regression_fit(toynn.MLP(1, width=3), X, y[:5])


# ---------------------------------------------------------------------------- sweep plots


def test_success_rate_one_result(result):
    ax = plot_success_rate(result, 0.3)
    (bars,) = ax.containers
    rate, _, _ = result.success_rate(0.3)
    np.testing.assert_allclose(bars.lines[0].get_ydata(), rate.numpy())
    assert ax.get_ylim() == (-0.04, 1.04)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1", "3"]
    assert ax.yaxis.get_major_formatter()(0.5, 0) == "50%"
    assert legend_texts(ax) == ["sigmoid (6 seeds)"]
    render(ax)


def test_success_rate_several_results_are_offset(result, relu_result):
    ax = plot_success_rate({"sigmoid": result, "relu": relu_result}, 0.3)
    assert legend_texts(ax) == ["sigmoid (6 seeds)", "relu (6 seeds)"]
    first, second = (c.lines[0].get_xdata() for c in ax.containers)
    assert np.all(first < second) and np.all(np.abs(first - second) < 0.5)
    # relu_result lists its widths as [3, 1]: the points are still placed by width.
    rate = relu_result.success_rate(0.3)[0].numpy()
    np.testing.assert_allclose(ax.containers[1].lines[0].get_ydata(), rate[::-1])
    ax = plot_success_rate([result, relu_result], 0.3, labels=["a", "b"])
    assert legend_texts(ax) == ["a (6 seeds)", "b (6 seeds)"]


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"threshold": -1}, ValueError, "threshold"),
        ({"labels": ["a", "b"]}, ValueError, "one entry per result"),
        ({"results": []}, ValueError, "at least one"),
        ({"results": [object()]}, TypeError, "SweepResult"),
    ],
)
def test_success_rate_errors(result, kwargs, error, match):
    arguments = {"results": [result], "threshold": 0.3, **kwargs}
    with pytest.raises(error, match=match):
        plot_success_rate(arguments.pop("results"), arguments.pop("threshold"), **arguments)


def test_final_losses(result):
    ax = plot_final_losses(result, threshold=0.3)
    assert ax.get_yscale() == "log"
    below = (result.final_losses < 0.3).sum(dim=1).tolist()
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks == [f"1\n{below[0]}/6", f"3\n{below[1]}/6"]
    assert ax.get_xlabel() == "hidden width (and runs below 0.3)"
    shown = np.concatenate([c.get_offsets()[:, 1] for c in ax.collections
                            if len(c.get_offsets()) and c.get_label() != "median"])
    assert sorted(shown) == pytest.approx(sorted(result.final_losses.flatten().tolist()))
    assert any(line.get_ydata()[0] == 0.3 for line in ax.get_lines())
    assert "threshold 0.3" in legend_texts(ax)
    render(ax)
    ax = plot_final_losses(result)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1", "3"]
    assert ax.get_xlabel() == "hidden width"


def test_epochs_to_success(result):
    ax = plot_epochs_to_success(result, 0.3)
    never = result.epochs_to(0.3).isnan().sum(dim=1).tolist()
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks == [f"1\n{never[0]}/6", f"3\n{never[1]}/6"]
    assert ax.get_xlabel() == "hidden width (and runs never below 0.3)"
    assert ax.get_ylim()[1] >= result.epochs
    render(ax)
    assert plot_epochs_to_success(result, 0.3, log=True).get_yscale() == "log"
    with pytest.raises(ValueError, match="threshold"):
        plot_epochs_to_success(result, 0)


def test_sweep_curves(result):
    ax = plot_sweep_curves(result, 3)
    lines = ax.get_lines()
    assert len(lines) == 6 and ax.get_legend() is None
    np.testing.assert_allclose(lines[0].get_xdata(), result.curve_epochs.numpy())
    assert ax.get_yscale() == "log"
    assert all(line.get_alpha() < 1 for line in lines)
    ax = plot_sweep_curves(result, 1, threshold=0.3, max_curves=4)
    assert len(ax.get_lines()) == 5  # 4 seeds and the threshold
    assert "first 4 of 6 seeds" in ax.get_title()
    assert re.search(r"threshold 0\.3", " ".join(legend_texts(ax)))
    render(ax)
    with pytest.raises(ValueError, match=r"widths \[1, 3\]"):
        plot_sweep_curves(result, 2)
    with pytest.raises(ValueError, match="max_curves"):
        plot_sweep_curves(result, 1, max_curves=0)


def test_depth_sweep_plots_name_rows_by_depth(depth_result):
    ax = plot_success_rate(depth_result, 0.3)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1", "2", "3", "4"]
    assert ax.get_xlabel() == "depth (hidden layers of width 2)"
    assert ax.get_title() == "Success rate per depth"
    rate = depth_result.success_rate(0.3)[0]
    assert f"{rate[3]:.0%} at depth 4" in toynn.describe(ax)
    render(ax)
    ax = plot_final_losses(depth_result, threshold=0.3)
    assert ax.get_xticklabels()[2].get_text().splitlines()[0] == "3"
    assert ax.get_xlabel() == "depth (hidden layers of width 2) (and runs below 0.3)"
    assert "per depth" in ax.get_title() and "Depth 1: median" in toynn.describe(ax)
    render(ax)
    ax = plot_epochs_to_success(depth_result, 0.3)
    assert "per depth" in ax.get_title() and "depth 4: " in toynn.describe(ax)
    render(ax)


def test_success_rate_of_a_depth_sweep_beside_a_width_sweep(result, depth_result):
    # width 2 at depths 1 to 4, and widths 1 and 3 at depth 1, on one axes with intervals
    ax = plot_success_rate({"deeper": depth_result, "wider": result}, 0.3)
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks == ["1×1", "2×1", "2×2", "2×3", "2×4", "3×1"]
    assert ax.get_xlabel() == "hidden width × depth"
    deeper, wider = ax.containers
    x = deeper.lines[0].get_xdata()
    assert np.allclose(np.round(x), [1, 2, 3, 4])
    assert np.allclose(np.round(wider.lines[0].get_xdata()), [0, 5])
    np.testing.assert_allclose(deeper.lines[0].get_ydata(),
                               depth_result.success_rate(0.3)[0].numpy())
    low, high = (depth_result.success_rate(0.3)[i].numpy() for i in (1, 2))
    segments = deeper.lines[2][0].get_segments()  # the interval of every point
    np.testing.assert_allclose([seg[:, 1] for seg in segments], np.column_stack([low, high]))
    text = toynn.describe(ax)
    assert "per width and depth" in text
    assert "at width 2, depth 4" in text and "at width 3, depth 1" in text
    render(ax)


def test_sweep_curves_of_a_depth_sweep(depth_result):
    ax = plot_sweep_curves(depth_result, 2, depth=3)
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(),
                               depth_result.curves[2, 0].double().numpy())
    assert ax.get_title().startswith("Loss curves of width 2, depth 3, 6 seeds")
    assert "of width 2, depth 3 on a log scale" in toynn.describe(ax)
    with pytest.raises(ValueError, match=r"depths \[1, 2, 3, 4\].*depth="):
        plot_sweep_curves(depth_result, 2)
    with pytest.raises(ValueError, match=r"depth must be one of \[1, 2, 3, 4\]"):
        plot_sweep_curves(depth_result, 2, depth=5)


# --------------------------------------------------------------------------- descriptions

DRAWERS = {
    "plot_data": lambda f: plot_data(*f["rings"]),
    "plot_losses": lambda f: plot_losses([f["run3"]]),
    "plot_hidden_lines": lambda f: plot_hidden_lines(f["run3"].model, *f["rings"]),
    "plot_decision_regions": lambda f: plot_decision_regions(f["run3"].model, *f["rings"]),
    "plot_hidden_space": lambda f: plot_hidden_space(f["run3"].model, *f["rings"]),
    "plot_hidden_space_grid": lambda f: plot_hidden_space_grid(f["run3"].model, *f["rings"]),
    "plot_layers": lambda f: plot_layers(toynn.MLP(2, width=2, depth=2, seed=0), *f["rings"],
                                         loop=2 * CIRCLE),
    "plot_regression_fit": lambda f: plot_regression_fit(f["regression"].model, *f["sine"]),
    "plot_success_rate": lambda f: plot_success_rate(f["result"], 0.3),
    "plot_final_losses": lambda f: plot_final_losses(f["result"]),
    "plot_epochs_to_success": lambda f: plot_epochs_to_success(f["result"], 0.3),
    "plot_sweep_curves": lambda f: plot_sweep_curves(f["result"], 3),
    "plot_network": lambda f: plot_network(f["run3"].model, f["rings"][0]),
    "plot_unit_heatmaps": lambda f: plot_unit_heatmaps(f["run3"].model, *f["rings"]),
}


def test_every_plot_function_has_a_description_test():
    assert set(DRAWERS) == set(toynn.plots.__all__) - {"describe"}


@pytest.mark.parametrize("name", sorted(DRAWERS))
def test_every_plot_function_records_a_description(name, rings, run3, sine, regression,
                                                    result):
    drawn = DRAWERS[name](locals())
    text = toynn.describe(drawn)
    assert len(text) > 60 and "A plot" not in text and "Panel" not in text, text
    assert text.count(".") >= 2 and "$" not in text and "\n" not in text
    # the recorded sentence stands after the title, which starts the description
    title = drawn.get_suptitle() if isinstance(drawn, Figure) else drawn.get_title()
    assert text.startswith(title.replace("$", ""))


def test_loss_description_names_every_run_and_its_final_loss(rings):
    X, y = rings
    runs = [toynn.fit(toynn.MLP(2, width=w), X, y, loss="bce", lr=0.05, epochs=30, seed=0)
            for w in (1, 3)]
    ax = plot_losses(runs)
    ax.set_title("My runs")
    finals = [f"{run.final_loss:.3g}" for run in runs]
    assert toynn.describe(ax) == (
        "My runs. Loss curves on a log scale of 2 runs over 30 epochs: "
        f"width 1 (final {finals[0]}), width 3 ({finals[1]})."
    )
    assert "on a log scale" not in toynn.describe(plot_losses(runs, log=False))


def test_descriptions_carry_the_key_numbers(rings, run3, regression, sine, result):
    X, y = rings
    ax = plot_hidden_lines(run3.model, X, y, regions=True)
    regions = re.search(r"(\d+) regions? in view", ax.get_title())[1]
    assert f"over 200 points of 2 classes; they cut the view into {regions} region" in (
        toynn.describe(ax))
    assert "100 class 0 and 100 class 1" in toynn.describe(plot_data(X, y))
    text = toynn.describe(plot_regression_fit(regression.model, *sine))
    assert "width-6 sigmoid net" in text and "unit threshold" in text and "levels" in text
    below = (result.final_losses < 0.3).sum(dim=1).tolist()
    text = toynn.describe(plot_final_losses(result, threshold=0.3))
    assert "with a line at 0.3. Width 1: median" in text and f"{below[1]}/6 below." in text
    rate = result.success_rate(0.3)[0].tolist()
    assert f"{rate[1]:.0%} at width 3" in toynn.describe(plot_success_rate(result, 0.3))


def test_describe_figure_with_several_panels(rings, run3):
    X, y = rings
    fig, (left, middle, right) = plt.subplots(1, 3)
    plot_data(X, y, ax=left)
    plot_decision_regions(run3.model, X, y, ax=middle)  # adds a colour bar: not a panel
    middle.set_title("Width 3: what it predicts")
    right.plot([0, 1], [1, 0])
    right.set(xlabel="epoch", ylabel="$L$")
    text = toynn.describe(fig)
    assert text.startswith("Panel 1 of 3: 200 points, 2 classes. Scatter plot of 200 points")
    assert "Panel 2 of 3: Width 3: what it predicts. Predicted probability of class 1" in text
    assert text.endswith("Panel 3 of 3: A plot with x axis 'epoch' and y axis 'L', "
                         "showing 1 line.")
    fig.suptitle("Three views")
    assert toynn.describe(fig).startswith("Three views. Panel 1 of 3:")


def test_describe_one_axes_drawn_on_twice(rings, run3):
    X, y = rings
    ax = plot_data(X, y)
    plot_hidden_lines(run3.model, ax=ax)
    text = toynn.describe(ax)
    assert "Scatter plot of 200 points" in text and "Hidden-unit lines of a width-3" in text


def test_describe_forgets_cleared_axes_and_ignores_empty_ones(rings):
    ax = plot_data(*rings)
    ax.clear()
    ax.plot([0, 1])
    assert toynn.describe(ax) == "A plot without axis labels, showing 1 line."
    fig, (used, spare) = plt.subplots(1, 2)
    plot_data(*rings, ax=used)
    spare.axis("off")
    assert "Panel" not in toynn.describe(fig)
    assert toynn.describe(plt.figure()) == "An empty figure."


def test_describe_after_clear_describes_only_what_is_drawn_now(rings, run3):
    ax = plot_data(*rings)
    ax.clear()
    plot_hidden_lines(run3.model, ax=ax)
    text = toynn.describe(ax)
    assert "Hidden-unit lines of a width-3" in text and "Scatter plot" not in text


def test_descriptions_leave_matplotlib_objects_alone_and_die_with_them(rings):
    from toynn.plots import _describe

    gc.collect()  # what earlier tests left behind goes first
    before = len(_describe._descriptions), len(_describe._covered)
    fig = Figure()
    ax = plot_data(*rings, ax=fig.add_subplot())
    grid = plot_hidden_space_grid(toynn.MLP(2, width=3, seed=0), *rings)
    assert len(_describe._descriptions) == before[0] + 2
    drawn = [fig, ax, grid, *grid.axes]
    # nothing is written onto the figures or their axes
    assert not [name for obj in drawn for name in vars(obj) if name.startswith("_toynn")]
    refs = [weakref.ref(obj) for obj in drawn]
    del drawn
    plt.close(grid)
    del fig, ax, grid
    gc.collect()
    assert [ref() for ref in refs] == [None] * len(refs)
    assert (len(_describe._descriptions), len(_describe._covered)) == before


def test_describe_hidden_space_grid_once_for_all_panels(rings):
    X, y = rings
    fig = plot_hidden_space_grid(toynn.MLP(2, width=4, seed=0), X, y)
    text = toynn.describe(fig)
    assert "Panel" not in text and "units (0, 1, 2)" not in text
    assert "each of the 4 choices of 3 of the 4 hidden units" in text


def test_describe_rejects_other_objects():
    with pytest.raises(TypeError, match="Figure or Axes"):
        toynn.describe("a figure")


def test_log_axes_over_a_few_decades_label_1_2_5_ticks():
    ax = plot_losses([[1.05, 0.5, 0.2, 0.08]])
    render(ax)
    ax.figure.canvas.draw()
    low, high = ax.get_ylim()
    labels = [t.get_text() for t in ax.get_yticklabels() if low <= t.get_position()[1] <= high]
    assert {"0.1", "0.2", "0.5", "1"} <= set(labels)


def test_log_axes_within_a_decade_never_repeat_a_label():
    ax = plot_losses([[1.3, 1.2, 1.15, 1.1]])  # 1.1, 1.125, 1.15 all print as "1.1" at .2g
    ax.figure.canvas.draw()
    low, high = ax.get_ylim()
    labels = [t.get_text() for t in ax.get_yticklabels(which="both")
              if low <= t.get_position()[1] <= high and t.get_text()]
    assert len(labels) >= 3 and len(set(labels)) == len(labels), labels
    assert "1.2" in labels  # still plain numbers, as short as they can be
