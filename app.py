"""掌上通 — the Chalice application: creates the app and registers the blueprints, nothing else."""
from chalice import Chalice

from chalicelib.routes import (
    applications, auth, bureau_templates, commission_pages, commissions, consult_pages, consultations,
    content, dev, dev_wechat, directory, documents, guides, jobs, law_versions, lawyer_commissions,
    lawyer_join, lawyer_photo, library, meta, notifications, outbox_stream, pages, payouts, privacy,
    public, reports, roster, staff_applications, staff_commissions, staff_consultations, staff_members,
    subscriptions, topics, video_pages, videos, wechat)
from chalicelib.web.untrusted import encodable_responses

app = Chalice(app_name="zhangshangtong")
app.api.binary_types.extend(roster.BINARY_TYPES)  # a roster file arrives as its bytes
app.api.binary_types.extend(documents.BINARY_TYPES)  # a filled DOCX leaves as its bytes
app.register_middleware(encodable_responses, "http")
app.register_blueprint(meta.bp)
app.register_blueprint(public.bp)
app.register_blueprint(auth.bp)
app.register_blueprint(wechat.bp)
app.register_blueprint(notifications.bp)
app.register_blueprint(outbox_stream.bp)
app.register_blueprint(applications.bp)
app.register_blueprint(staff_applications.bp)
app.register_blueprint(consultations.bp)
app.register_blueprint(commissions.bp)
app.register_blueprint(lawyer_commissions.bp)
app.register_blueprint(staff_commissions.bp)
app.register_blueprint(directory.bp)
app.register_blueprint(staff_consultations.bp)
app.register_blueprint(payouts.bp)
app.register_blueprint(roster.bp)
app.register_blueprint(law_versions.bp)
app.register_blueprint(lawyer_join.bp)
app.register_blueprint(lawyer_photo.bp)
app.register_blueprint(staff_members.bp)
app.register_blueprint(content.bp)
app.register_blueprint(guides.bp)
app.register_blueprint(topics.bp)
app.register_blueprint(videos.bp)
app.register_blueprint(video_pages.bp)
app.register_blueprint(pages.bp)
app.register_blueprint(consult_pages.bp)
app.register_blueprint(commission_pages.bp)
app.register_blueprint(library.bp)
app.register_blueprint(documents.bp)
app.register_blueprint(bureau_templates.bp)
app.register_blueprint(jobs.bp)
app.register_blueprint(reports.bp)
app.register_blueprint(privacy.bp)
app.register_blueprint(subscriptions.bp)
app.register_blueprint(dev.bp)
app.register_blueprint(dev_wechat.bp)
