"""The colours that `toynn.plots` and `toynn.interactive` share, so both draw alike.

Colours come from the Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"),
which stays distinguishable under the common forms of colour blindness. Both packages
read them from here; neither imports the other's private modules.
"""

BLUE, VERMILLION, GREEN, PURPLE = "#0072B2", "#D55E00", "#009E73", "#CC79A7"
ORANGE, SKY_BLUE, BLACK, GREY = "#E69F00", "#56B4E9", "#000000", "#666666"

# Class c is drawn in CLASS_COLORS[c]; there are as many classes as colours.
CLASS_COLORS = (BLUE, VERMILLION, GREEN, PURPLE, ORANGE, SKY_BLUE)
# Hidden-unit lines are drawn over class-coloured data, so they avoid blue and vermillion.
UNIT_COLORS = (BLACK, GREEN, PURPLE, ORANGE, SKY_BLUE)
