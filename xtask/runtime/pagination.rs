//! Streams that walk offset-paginated list operations page by page.

use std::future::Future;

use futures_core::Stream;

use crate::error::Error;

/// One page of a list response, taken apart.
pub(crate) struct PageParts<T> {
    pub items: Vec<T>,
    pub has_more: bool,
    /// The offset of the next page, when the server says it.
    pub next_offset: Option<u64>,
}

/// A list response.
pub(crate) trait Page {
    type Item;
    fn into_parts(self) -> PageParts<Self::Item>;
}

/// The parameters of a list operation, which carry the offset.
pub(crate) trait OffsetParams: Clone {
    fn offset(&self) -> u64;
    fn set_offset(&mut self, offset: u64);
}

struct State<P, F, I> {
    params: P,
    fetch: F,
    buffer: std::vec::IntoIter<I>,
    done: bool,
}

/// Yields every item of every page, starting at `params`' offset.
///
/// It asks for the next page while the server says `hasMore`, at the offset
/// the server gives (`nextOffset`) or else just past the items seen. It ends
/// after an error (which it yields), after a page with no items, and when an
/// offset would not move forward, so a server that always says `hasMore`
/// cannot make it loop forever.
pub(crate) fn paginate<P, R, F, Fut>(
    params: P,
    fetch: F,
) -> impl Stream<Item = Result<R::Item, Error>>
where
    P: OffsetParams,
    R: Page,
    F: FnMut(P) -> Fut,
    Fut: Future<Output = Result<R, Error>>,
{
    let state = State {
        params,
        fetch,
        buffer: Vec::new().into_iter(),
        done: false,
    };
    futures_util::stream::unfold(state, |mut state| async move {
        loop {
            if let Some(item) = state.buffer.next() {
                return Some((Ok(item), state));
            }
            if state.done {
                return None;
            }
            match (state.fetch)(state.params.clone()).await {
                Err(error) => {
                    state.done = true;
                    return Some((Err(error), state));
                }
                Ok(page) => {
                    let page = page.into_parts();
                    let offset = state.params.offset();
                    let seen = u64::try_from(page.items.len()).unwrap_or(u64::MAX);
                    let next = page.next_offset.unwrap_or(offset.saturating_add(seen));
                    state.done = !page.has_more || seen == 0 || next <= offset;
                    state.params.set_offset(next);
                    state.buffer = page.items.into_iter();
                }
            }
        }
    })
}
