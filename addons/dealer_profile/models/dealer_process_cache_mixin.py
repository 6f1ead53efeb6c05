from odoo import api, models


class DealerProcessCacheMixin(models.AbstractModel):
    """Records that values kept per process (``tools.ormcache``) are read from:
    creating, changing or deleting one empties those caches, in this worker at once
    and in the others at commit (``registry.clear_cache``), after the change, so that
    nothing read during it stays cached. One way for the suite (stages, SLA policies,
    case types, alias domains and aliases, properties definitions, sequences) instead
    of a create, write and unlink override on each model; where core has its own
    (res.company.cache_invalidation_fields), the suite uses core's."""

    _name = "dealer.process.cache.mixin"
    _description = "Source of values kept per process"

    # A write changes the kept values only when it names one of these fields (any
    # write when empty).
    _process_cache_fields = ()

    def _process_cache_concerned(self, vals_list):
        """Whether these records feed the kept values: the new records after a
        create (``vals_list`` as given), the records before a write (``[vals]``) or a
        deletion (``[]``). Every record by default."""
        return True

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        if records._process_cache_concerned(vals_list):
            self.env.registry.clear_cache()
        return records

    def write(self, vals):
        fields = self._process_cache_fields
        concerned = (not fields or not vals.keys().isdisjoint(fields)) \
            and self._process_cache_concerned([vals])
        result = super().write(vals)
        if concerned:
            self.env.registry.clear_cache()
        return result

    def unlink(self):
        concerned = self._process_cache_concerned([])
        result = super().unlink()
        if concerned:
            self.env.registry.clear_cache()
        return result
