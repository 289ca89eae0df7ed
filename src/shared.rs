//! [`Shared`]: an `Rc` compared by pointer, for big data in props and memo keys. Comparing a
//! quarter of a million events by value on every render would cost more than the render.

use std::ops::Deref;
use std::rc::Rc;

/// A shared value whose equality is identity: two `Shared` are equal when they point at the
/// same allocation. A new log or a new row order is a new allocation, so changes are seen.
#[derive(Debug)]
pub struct Shared<T>(pub Rc<T>);

impl<T> Shared<T> {
    /// Shares `value`.
    pub fn new(value: T) -> Self {
        Shared(Rc::new(value))
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Rc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> From<Rc<T>> for Shared<T> {
    fn from(rc: Rc<T>) -> Self {
        Shared(rc)
    }
}
