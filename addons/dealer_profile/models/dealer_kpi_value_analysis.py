from odoo import api, models

MIXED_UNITS_KEY = "kpi_id:count_distinct"


class DealerKpiValue(models.Model):
    """KPI values in the pivot, graph and list groups of the web client.

    A value is a %, a number of hours or of cars depending on its KPI: an average
    over several KPIs means nothing (a pivot's total would average % with hours). A
    group that spans more than one KPI gets no value aggregate (an empty cell); groups
    of one KPI are untouched."""

    _name = "dealer.kpi.value"
    _inherit = ["dealer.kpi.value", "dealer.month.label.mixin"]

    @api.model
    def formatted_read_group(self, domain, groupby=(), aggregates=(), having=(), offset=0,
                             limit=None, order=None):
        extra = self._mixed_units_check(groupby, aggregates)
        groups = super().formatted_read_group(
            domain, groupby, tuple(aggregates) + extra, having=having, offset=offset,
            limit=limit, order=order,
        )
        return self._blank_mixed_units(groups, aggregates, extra)

    @api.model
    def formatted_read_grouping_sets(self, domain, grouping_sets, aggregates=(), *, order=None):
        extra = (MIXED_UNITS_KEY,) if any(
            self._mixed_units_check(groupby, aggregates) for groupby in grouping_sets
        ) else ()
        groups_list = super().formatted_read_grouping_sets(
            domain, grouping_sets, tuple(aggregates) + extra, order=order
        )
        return [
            self._blank_mixed_units(groups, aggregates, extra) for groups in groups_list
        ]

    @api.model
    def _mixed_units_check(self, groupby, aggregates):
        """The extra aggregate that tells whether a group mixes KPIs, when needed."""
        by_kpi = any(spec.split(":")[0].split(".")[0] == "kpi_id" for spec in groupby)
        values = any(spec.startswith("value:") for spec in aggregates)
        return () if by_kpi or not values else (MIXED_UNITS_KEY,)

    @api.model
    def _blank_mixed_units(self, groups, aggregates, extra):
        if not extra:
            return groups
        for group in groups:
            mixed = (group.pop(MIXED_UNITS_KEY, 0) or 0) > 1
            if mixed:
                for spec in aggregates:
                    if spec.startswith("value:"):
                        group[spec] = False
        return groups
