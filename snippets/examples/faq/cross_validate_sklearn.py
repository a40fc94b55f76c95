# The same two procedures with scikit-learn. A Pipeline refits every step,
# feature selection included, on the training part of each fold.
import numpy as np
from sklearn.feature_selection import SelectKBest, f_regression
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import KFold, cross_val_score
from sklearn.pipeline import make_pipeline

rng = np.random.default_rng(0)
X = rng.standard_normal((50, 1000))
y = rng.standard_normal(50)

chosen_on_all = SelectKBest(f_regression, k=10).fit(X, y).get_support()
wrong = -cross_val_score(LinearRegression(), X[:, chosen_on_all], y,
                         cv=KFold(5), scoring="neg_mean_squared_error").mean()
pipeline = make_pipeline(SelectKBest(f_regression, k=10), LinearRegression())
right = -cross_val_score(pipeline, X, y, cv=KFold(5),
                         scoring="neg_mean_squared_error").mean()
print(f"variance of y (error of predicting its mean): {y.var():.4f}")
print(f"CV loss, features chosen before CV:  {wrong:.4f}")
print(f"CV loss, features chosen in each fold: {right:.4f}")
