//! Streams that walk offset-paginated list operations page by page.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use crate::error::Error;

/// One page of a list response, taken apart.
pub struct PageParts<T> {
    pub items: Vec<T>,
    pub has_more: bool,
    /// The offset of the next page, when the server says it.
    pub next_offset: Option<u64>,
}

/// A list response.
pub trait Page {
    type Item;
    fn into_parts(self) -> PageParts<Self::Item>;
}

/// The parameters of a list operation, which carry the offset.
pub trait OffsetParams: Clone {
    fn offset(&self) -> u64;
    fn set_offset(&mut self, offset: u64);
}

type PageFuture<'a, T> = Pin<Box<dyn Future<Output = Result<PageParts<T>, Error>> + Send + 'a>>;
type FetchPage<'a, T> = Box<dyn FnMut(u64) -> PageFuture<'a, T> + Send + 'a>;

/// Every item of every page of a list operation, as a [`Stream`].
///
/// It asks for the next page while the server says there are more, at the
/// offset the server gives (`nextOffset`) or else just past the items seen,
/// with the page size (`limit`) of the parameters it started from. It ends
/// after an error (which it yields), after a page with no items even when
/// the server says there are more, when an offset would not move forward
/// (so a server that always says "more" cannot make it loop forever), and
/// after [`max_items`](Paginated::max_items) items, without asking for a page
/// it does not need.
#[must_use = "streams do nothing unless polled"]
pub struct Paginated<'a, T> {
    fetch: FetchPage<'a, T>,
    offset: u64,
    in_flight: Option<PageFuture<'a, T>>,
    buffer: std::vec::IntoIter<T>,
    done: bool,
    remaining: Option<u64>,
}

impl<T> Paginated<'_, T> {
    /// Ends the stream after `max` items.
    pub fn max_items(mut self, max: u64) -> Self {
        self.remaining = Some(max);
        self
    }
}

impl<T> std::fmt::Debug for Paginated<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Paginated")
            .field("offset", &self.offset)
            .field("done", &self.done)
            .field("remaining", &self.remaining)
            .finish_non_exhaustive()
    }
}

/// Starts a stream at `params`' offset; `fetch` gets one page.
pub fn paginate<'a, P, R, F, Fut>(params: P, mut fetch: F) -> Paginated<'a, R::Item>
where
    P: OffsetParams + Send + 'a,
    R: Page,
    F: FnMut(P) -> Fut + Send + 'a,
    Fut: Future<Output = Result<R, Error>> + Send + 'a,
{
    let offset = params.offset();
    Paginated {
        fetch: Box::new(move |offset| {
            let mut params = params.clone();
            // The first page goes out with the parameters as given.
            if params.offset() != offset {
                params.set_offset(offset);
            }
            let page = fetch(params);
            Box::pin(async move { page.await.map(Page::into_parts) })
        }),
        offset,
        in_flight: None,
        buffer: Vec::new().into_iter(),
        done: false,
        remaining: None,
    }
}

// Nothing in it is pinned in place: the page future is boxed, and items
// are only moved out of a `Vec`.
impl<T> Unpin for Paginated<'_, T> {}

impl<T> Stream for Paginated<'_, T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if this.remaining == Some(0) {
                return Poll::Ready(None);
            }
            if let Some(item) = this.buffer.next() {
                if let Some(remaining) = &mut this.remaining {
                    *remaining -= 1;
                }
                return Poll::Ready(Some(Ok(item)));
            }
            if this.done {
                return Poll::Ready(None);
            }
            let offset = this.offset;
            let page = this.in_flight.get_or_insert_with(|| (this.fetch)(offset));
            let page = match page.as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(page) => page,
            };
            this.in_flight = None;
            match page {
                Err(error) => {
                    this.done = true;
                    return Poll::Ready(Some(Err(error)));
                }
                Ok(page) => {
                    let seen = u64::try_from(page.items.len()).unwrap_or(u64::MAX);
                    let next = page.next_offset.unwrap_or(offset.saturating_add(seen));
                    this.done = !page.has_more || seen == 0 || next <= offset;
                    this.offset = next;
                    this.buffer = page.items.into_iter();
                }
            }
        }
    }
}
