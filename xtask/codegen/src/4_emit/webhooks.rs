//! `src/webhooks.rs`: a typed parse per webhook, the parse of the `Event`
//! enum when the webhooks have one, and `Webhook::verify` when deliveries
//! are signed by a scheme the runtime knows.

use proc_macro2::TokenStream;
use quote::quote;

use super::operations::mentions_named;
use super::{CrateInfo, Scope, docs, ident, rust_type};
use crate::model::Api;

pub fn webhooks_rs(api: &Api, info: &CrateInfo) -> TokenStream {
    let types = &api.types;
    let signed = info.webhook_signing(api).is_some();
    let parses = api.webhooks.list.iter().map(|webhook| {
        let name = ident(&webhook.parse_fn);
        let payload = rust_type(&webhook.payload, types, Scope::Outside);
        let summary = format!(
            "Decodes the payload of the `{}` webhook{}.",
            webhook.name,
            webhook
                .event_type
                .as_deref()
                .map_or(String::new(), |t| format!(" (`{t}`)"))
        );
        let check = if signed {
            "Check the delivery's signature first, with [`Webhook::verify_raw`](crate::Webhook::verify_raw)."
        } else {
            "The crate does not know how the API signs deliveries: check them before trusting the payload."
        };
        let doc = docs([summary.as_str(), webhook.docs.as_deref().unwrap_or(""), check]);
        quote! {
            #doc
            pub fn #name(body: &[u8]) -> Result<#payload, WebhookError> {
                parse(body)
            }
        }
    });
    let event = api.webhooks.event.map(|id| {
        let event = ident(&types.get(id).name);
        let parse_doc = format!(
            " Decodes any webhook's payload into [`{event}`](crate::{event}), by its kind."
        );
        let verify = signed.then(|| {
            let verify_doc = format!(
                " Checks the delivery's signature and timestamp, then decodes it into [`{event}`](crate::{event}).\n \
                 \n An event this version does not know is not an error: it arrives in the enum's catch-all variant."
            );
            let verify_doc = verify_doc.lines().map(str::to_owned);
            quote! {
                impl crate::Webhook {
                    #( #[doc = #verify_doc] )*
                    pub fn verify(
                        &self,
                        headers: &http::HeaderMap,
                        body: &[u8],
                    ) -> Result<models::#event, WebhookError> {
                        self.verify_as(headers, body)
                    }
                }
            }
        });
        quote! {
            #[doc = #parse_doc]
            pub fn parse_event(body: &[u8]) -> Result<models::#event, WebhookError> {
                parse(body)
            }

            #verify
        }
    });
    let module_doc = if signed {
        " The API's webhooks: what each delivers, decoded. Verify deliveries with [`Webhook`](crate::Webhook) first."
    } else {
        " The API's webhooks: what each delivers, decoded."
    };
    let uses_models = api.webhooks.event.is_some()
        || api.webhooks.list.iter().any(|w| mentions_named(&w.payload));
    let models_use = uses_models.then(|| quote! { use crate::models; });
    quote! {
        #![doc = #module_doc]

        #models_use
        use crate::webhook_error::{WebhookError, parse};

        #(#parses)*
        #event
    }
}
