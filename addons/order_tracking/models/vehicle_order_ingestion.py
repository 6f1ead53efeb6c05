import json
import logging

from odoo import fields, models

_logger = logging.getLogger(__name__)

# Rejections kept per batch in the log: enough to diagnose a feed, bounded in size.
LOGGED_REJECTIONS = 50


class VehicleOrderIngestion(models.Model):
    """The ingestion log: one line per batch received from a source system."""

    _name = "vehicle.order.ingestion"
    _description = "Event Ingestion Batch"
    _order = "id desc"

    source_system = fields.Char(required=True, index=True, readonly=True)
    user_id = fields.Many2one("res.users", string="Sent By", readonly=True)
    event_count = fields.Integer(string="Events", readonly=True)
    accepted_count = fields.Integer(string="Accepted", readonly=True)
    duplicate_count = fields.Integer(string="Duplicates", readonly=True)
    rejected_count = fields.Integer(string="Rejected", readonly=True)
    duration_ms = fields.Integer(string="Duration (ms)", readonly=True, aggregator="avg")
    rejection_log = fields.Text(string="Rejections", readonly=True)
    event_ids = fields.One2many("vehicle.order.event", "ingestion_id", readonly=True)

    def _record_results(self, verdicts, duration):
        self.ensure_one()
        counts = {"accepted": 0, "duplicate": 0, "rejected": 0}
        for verdict in verdicts:
            counts[verdict["verdict"]] += 1
        rejections = [v for v in verdicts if v["verdict"] == "rejected"][:LOGGED_REJECTIONS]
        duration_ms = int(duration.total_seconds() * 1000)
        # One line per batch, whatever its size.
        _logger.info(
            "ingestion %s from %s: %s events, %s accepted, %s duplicate, %s rejected, %s ms",
            self.id, self.source_system, len(verdicts), counts["accepted"],
            counts["duplicate"], counts["rejected"], duration_ms,
        )
        self.write({
            "accepted_count": counts["accepted"],
            "duplicate_count": counts["duplicate"],
            "rejected_count": counts["rejected"],
            "duration_ms": duration_ms,
            "rejection_log": "\n".join(
                json.dumps({"index": v["index"], "reason": v["reason"]}) for v in rejections
            ) or False,
        })
