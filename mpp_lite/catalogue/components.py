"""The 14 components of a Standar Pelayanan (PermenPANRB 15/2014), in their legal order, as the
columns of a service that hold them: the one list that saving, syncing, the demo and the hub use.

It imports nothing, so that any feature (the hub too, which has no catalogue tables) can use it.
"""

# Each component, in order, with the columns that hold it: the first names the component (the
# hub counts a component as filled when it has a value); the duration also has its unit and the
# fee a note. Components 1-6 are shown to citizens, 7-14 concern the unit's management.
STANDARD_COMPONENTS = (
    ("requirements",),
    ("procedure",),
    ("duration_value", "duration_unit"),
    ("fee", "fee_note"),
    ("product",),
    ("complaint_channel",),
    ("legal_basis",),
    ("facilities",),
    ("competency",),
    ("internal_supervision",),
    ("staff_count",),
    ("service_guarantee",),
    ("security_guarantee",),
    ("performance_evaluation",),
)

# Every column of the 14 components, in order.
STANDARD_FIELDS = tuple(column for columns in STANDARD_COMPONENTS for column in columns)
