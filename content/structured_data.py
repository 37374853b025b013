"""schema.org data for search engines: what a page is, who reviewed it, and who the practice is."""

from .models import Layout


def practice_structured_data(practice, home_url):
    clinic = {
        "@type": "MedicalClinic",
        "name": practice.name,
        "url": home_url,
    }
    # Only what the practice entered: no specialty, services or hours it has not given us.
    if practice.phone:
        clinic["telephone"] = practice.phone
    if practice.email:
        clinic["email"] = practice.email
    if practice.has_address:
        clinic["address"] = {
            "@type": "PostalAddress",
            "streetAddress": practice.street_address,
            "addressLocality": practice.city,
            "addressRegion": practice.region,
            "postalCode": practice.postal_code,
            "addressCountry": "US",
        }
    return clinic


def page_structured_data(page, faq_items, url, home_url, practice):
    clinic = practice_structured_data(practice, home_url)
    web_page = {
        "@type": "MedicalWebPage" if page.is_medical else "WebPage",
        "name": page.title,
        "description": page.meta_description,
        "url": url,
        "dateModified": page.last_updated.isoformat(),
        "publisher": {"@type": "MedicalClinic", "name": practice.name, "url": home_url},
    }
    if page.is_medical and page.has_named_reviewer:
        web_page["lastReviewed"] = page.last_reviewed.isoformat()
        reviewer = {"@type": "Person", "name": page.reviewed_by_name}
        if page.reviewed_by_credential:
            reviewer["honorificSuffix"] = page.reviewed_by_credential
        web_page["reviewedBy"] = reviewer
    graph = [web_page]
    if page.layout == Layout.HOME:
        graph.append(clinic)
    if page.layout == Layout.FAQ and faq_items:
        graph.append(
            {
                "@type": "FAQPage",
                "mainEntity": [
                    {
                        "@type": "Question",
                        "name": item.question,
                        "acceptedAnswer": {"@type": "Answer", "text": item.answer},
                    }
                    for item in faq_items
                ],
            }
        )
    return {"@context": "https://schema.org", "@graph": graph}
